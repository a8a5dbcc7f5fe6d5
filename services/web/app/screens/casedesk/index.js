// The casedesk's screens (the liaison officer's; the coordinator's join
// them). Only their names and roles load with the workplace; each view
// loads when it is first shown (app/ui/lazy.js), which keeps the first load
// of every screen small.
import { lazyView } from '../../ui/lazy.js';

export const casedeskScreens = [
  { path: '/workplace/work-list', title: { nl: 'Mijn werkvoorraad', en: 'My work list' }, roles: ['liaison_officer'],
    view: lazyView(() => import('./worklist.js').then((m) => m.WorkListView)) },
  { path: '/workplace/cases/:id', title: { nl: 'Melding', en: 'Case' }, roles: ['liaison_officer', 'coordinator', 'admin'],
    view: lazyView(() => import('./case.js').then((m) => m.CaseView)) },
];

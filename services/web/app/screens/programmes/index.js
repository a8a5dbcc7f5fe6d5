// The programmes' screens: the list and a programme. Only their names and
// roles load with the workplace; each view loads when it is first shown
// (app/ui/lazy.js).
import { lazyView } from '../../ui/lazy.js';

const roles = ['programme_lead', 'programme_member', 'coordinator', 'admin'];

export const programmesScreens = [
  { path: '/workplace/programmes', title: { nl: "Programma's", en: 'Programmes' }, roles,
    view: lazyView(() => import('./list.js').then((m) => m.ProgrammeListView)) },
  { path: '/workplace/programmes/:id', title: { nl: 'Programma', en: 'Programme' }, roles,
    view: lazyView(() => import('./programme.js').then((m) => m.ProgrammeView)) },
];

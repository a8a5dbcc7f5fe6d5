// The processes' screens: the list with the coverage, and a process. Only
// their names and roles load with the workplace; each view loads when it is
// first shown (app/ui/lazy.js).
import { lazyView } from '../../ui/lazy.js';

const roles = ['process_owner', 'process_manager', 'core_team', 'coordinator', 'admin'];

export const processesScreens = [
  { path: '/workplace/processes', title: { nl: 'Processen', en: 'Processes' }, roles,
    view: lazyView(() => import('./list.js').then((m) => m.ProcessListView)) },
  { path: '/workplace/processes/:id', title: { nl: 'Proces', en: 'Process' }, roles,
    view: lazyView(() => import('./process.js').then((m) => m.ProcessView)) },
];

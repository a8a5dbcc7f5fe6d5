// The coordinator's screens (roles coordinator and admin, as the casedesk
// API allows): the triage queue and assignment, the bureau now and its
// liaison officers, the statistics dashboard, routing rules, categories and
// their terms, the bureau's settings. Only their names and roles load with
// the workplace; each view loads when it is first shown (app/ui/lazy.js).
import { lazyView } from '../../ui/lazy.js';

const roles = ['coordinator', 'admin'];

export const coordinatorScreens = [
  { path: '/workplace/triage', title: { nl: 'Triage', en: 'Triage' }, roles,
    view: lazyView(() => import('./triage.js').then((m) => m.TriageView)) },
  { path: '/workplace/officers', title: { nl: 'Bureau en officieren', en: 'Bureau and officers' }, roles,
    view: lazyView(() => import('./officers.js').then((m) => m.OfficersView)) },
  { path: '/workplace/statistics', title: { nl: 'Cijfers', en: 'Figures' }, roles,
    view: lazyView(() => import('./dashboard.js').then((m) => m.DashboardView)) },
  { path: '/workplace/routing-rules', title: { nl: 'Routering', en: 'Routing' }, roles,
    view: lazyView(() => import('./routing.js').then((m) => m.RoutingView)) },
  { path: '/workplace/categories', title: { nl: 'Categorieën', en: 'Categories' }, roles,
    view: lazyView(() => import('./categories.js').then((m) => m.CategoriesView)) },
  { path: '/workplace/settings', title: { nl: 'Instellingen', en: 'Settings' }, roles,
    view: lazyView(() => import('./settings.js').then((m) => m.SettingsView)) },
];

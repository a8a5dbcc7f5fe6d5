// The coordinator's screens (roles coordinator and admin, as the casedesk
// API allows): the triage queue and assignment, the bureau now and its
// liaison officers, routing rules, categories and their terms, the
// bureau's settings, and the statistics dashboard.
import { triageScreen } from './triage.js';
import { officersScreen } from './officers.js';
import { routingScreen } from './routing.js';
import { categoriesScreen } from './categories.js';
import { settingsScreen } from './settings.js';
import { dashboardScreen } from './dashboard.js';

export const coordinatorScreens = [triageScreen, officersScreen, dashboardScreen, routingScreen, categoriesScreen, settingsScreen];

// The registry of the workplace's screens. Each screen module exports
// {path, title: {nl, en}, roles: [...], view} (and nav: false to keep it
// out of the menu; a path with :params never shows in the menu). The nav
// shows a screen only when /me's roles meet it; the API still decides.
// Each area lists its screens in its own index (app/screens/<area>/index.js).
import { home, me } from './account/index.js';
import { casedeskScreens } from './casedesk/index.js';
import { coordinatorScreens } from './coordinator/index.js';
import { surveysScreens } from './surveys/index.js';
import { processesScreens } from './processes/index.js';
import { programmesScreens } from './programmes/index.js';

export const screens = [
  home,
  ...casedeskScreens,
  ...coordinatorScreens,
  ...surveysScreens,
  ...processesScreens,
  ...programmesScreens,
  me,
];

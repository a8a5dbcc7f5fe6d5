// The surveys' screens: the list and a survey's results. Only their names
// and roles load with the workplace; each view loads when it is first shown
// (app/ui/lazy.js).
import { lazyView } from '../../ui/lazy.js';

const roles = ['survey_manager', 'coordinator', 'admin'];

export const surveysScreens = [
  { path: '/workplace/surveys', title: { nl: 'Onderzoeken', en: 'Surveys' }, roles,
    view: lazyView(() => import('./list.js').then((m) => m.SurveyListView)) },
  { path: '/workplace/surveys/:id', title: { nl: 'Onderzoek', en: 'Survey' }, roles,
    view: lazyView(() => import('./survey.js').then((m) => m.SurveyView)) },
];

// The surveys' screens: the list and a survey's results.
import { surveyList } from './list.js';
import { surveyScreen } from './survey.js';

export const surveysScreens = [surveyList, surveyScreen];

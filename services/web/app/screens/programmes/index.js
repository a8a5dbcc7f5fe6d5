// The programmes' screens: the list and a programme.
import { programmeList } from './list.js';
import { programmeScreen } from './programme.js';

export const programmesScreens = [programmeList, programmeScreen];

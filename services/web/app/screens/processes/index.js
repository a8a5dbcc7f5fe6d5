// The processes' screens: the list with the coverage, and a process.
import { processList } from './list.js';
import { processScreen } from './process.js';

export const processesScreens = [processList, processScreen];

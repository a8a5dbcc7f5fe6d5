// The casedesk's screens (the liaison officer's; the coordinator's join them).
import { workList } from './worklist.js';
import { caseScreen } from './case.js';

export const casedeskScreens = [workList, caseScreen];

// The casedesk's screens (liaison officer; the coordinator's come next to them).
export const casedeskScreens = [];

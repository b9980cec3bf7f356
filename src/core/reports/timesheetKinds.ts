// The timesheet formats' names, apart from the code that writes them (timesheetFormats.ts and its
// libraries), so the extension can offer them without loading that code.
export type TimesheetFormat = 'toggl' | 'clockify' | 'ics';
export const TIMESHEET_FORMATS: readonly TimesheetFormat[] = ['toggl', 'clockify', 'ics'];

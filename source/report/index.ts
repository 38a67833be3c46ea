// Run reports: the model, its formatters, and reading a run directory into it.
export {buildRunReport, type ReportHost, type ReportStep, type ReportTask, type RunReport} from './model.js';
export {formatReport, isReportFormat, REPORT_FORMATS, type ReportFormat} from './format.js';
export {reportMarkdown} from './markdown.js';
export {reportJunit, xmlAttr, xmlText} from './junit.js';
export {TaskCollector, type TaskRecord} from './tasks.js';
export {loadRunReport, readAttempt, readTasks} from './load.js';
export {REPORT_FILE, writeRunReport} from './write.js';

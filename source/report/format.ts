// Picks the report formatter: markdown (people, change tickets), JUnit XML (CI), JSON (tools). Pure.
import {reportJunit} from './junit.js';
import {reportMarkdown} from './markdown.js';
import type {RunReport} from './model.js';

export const REPORT_FORMATS = ['md', 'junit', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
	return (REPORT_FORMATS as readonly string[]).includes(value);
}

export function formatReport(report: RunReport, format: ReportFormat): string {
	switch (format) {
		case 'md':
			return reportMarkdown(report);
		case 'junit':
			return reportJunit(report);
		case 'json':
			return `${JSON.stringify(report, null, 2)}\n`;
	}
}

// Writes report.md into the run directory at the end of a run (owner-readable only, like the rest).
import {join} from 'node:path';
import {writeFileAtomic} from '../fs/atomic-file.js';
import type {RunState} from '../run/types.js';
import {reportMarkdown} from './markdown.js';
import {loadRunReport} from './load.js';

export const REPORT_FILE = 'report.md';

/** Resolves to the report's path. */
export async function writeRunReport(dir: string, state: RunState): Promise<string> {
	const path = join(dir, REPORT_FILE);
	writeFileAtomic(path, reportMarkdown(await loadRunReport(dir, state)));
	return path;
}

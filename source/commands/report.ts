// `report [--format md|junit|json]`: the run's report on stdout (per step status, duration,
// attempts, host counts, failed hosts with task and message). Reads the run; changes nothing.
import {formatReport, isReportFormat, loadRunReport, REPORT_FORMATS} from '../report/index.js';
import {CommandExit, exitCodes, type Flags, type Io} from './io.js';
import {mustReadState, runDir} from './locate.js';

export async function reportCommand(flags: Flags, io: Io, format: string | undefined): Promise<number> {
	const wanted = format ?? 'md';
	if (!isReportFormat(wanted)) throw new CommandExit(exitCodes.usage, `--format must be one of ${REPORT_FORMATS.join(', ')}, got "${wanted}"`);
	const dir = runDir(flags, io, undefined, 'report');
	const state = mustReadState(dir, io);
	io.stdout.write(formatReport(await loadRunReport(dir, state), wanted));
	return exitCodes.done;
}

// Asks bash what an OpenStack-Ansible run-upgrade.sh would run: the harness (harness.ts) runs the
// script in a child bash with no terminal (its own session, stdin from /dev/null), a time limit,
// and a scratch folder for the only files it writes; nothing of the deployment runs.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {readEvaluation, WRITE_PLAN, type Evaluated} from './evaluation.js';
import {HARNESS} from './harness.js';
import {parseRecords} from './records.js';

/** A script that has not finished by then is refused (a loop, or a read that waits). */
const TIME_LIMIT_MS = 20_000;

export interface EvaluateOptions {
	/** The environment the script would be run with. */
	env: Record<string, string | undefined>;
	/** Where the script would be run from. */
	cwd: string;
	/** SOURCE_SERIES as the script will hold it; absent: the script would ask. */
	sourceSeries?: string;
}

export function evaluateRunUpgrade(scriptPath: string, o: EvaluateOptions): Evaluated {
	const scratch = mkdtempSync(join(tmpdir(), 'ansible-driver-osa-'));
	try {
		const out = join(scratch, 'records');
		const env: Record<string, string> = {};
		for (const [name, value] of Object.entries(o.env)) if (value !== undefined && name !== 'SOURCE_SERIES') env[name] = value;
		if (o.sourceSeries !== undefined) env['SOURCE_SERIES'] = o.sourceSeries;
		env['__AD_OUT'] = out;
		env['__AD_SCRATCH'] = scratch;
		// setsid: a session of its own, so the script cannot reach the operator's terminal either.
		const result = spawnSync('setsid', ['bash', '--noprofile', '--norc', '-c', HARNESS, scriptPath], {
			cwd: o.cwd,
			env,
			stdio: ['ignore', 'ignore', 'pipe'],
			timeout: TIME_LIMIT_MS,
			killSignal: 'SIGKILL',
			encoding: 'utf8',
		});
		if (result.error !== undefined && (result.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') {
			return {ok: false, problems: [{line: 1, message: `bash could not be run to read the script: ${result.error.message}`}]};
		}
		if (result.signal === 'SIGKILL') {
			return {ok: false, problems: [{line: 1, message: `bash had not finished reading the script after ${TIME_LIMIT_MS / 1000} s (a loop, or something that waits for input?); ${WRITE_PLAN}`}]};
		}
		let bytes: Buffer;
		try {
			bytes = readFileSync(out);
		} catch {
			bytes = Buffer.alloc(0);
		}
		return readEvaluation({records: parseRecords(bytes), scratch, stderr: result.stderr ?? '', added: o.sourceSeries === undefined ? [] : ['SOURCE_SERIES']});
	} finally {
		rmSync(scratch, {recursive: true, force: true});
	}
}

// Start-up of whole processes: the commands that only look (--help, status --json) against a bare
// `node -e 0`, as CPU seconds (user + system) of the process, median of pairs run in turn. The
// terminal UI's modules (Ink, React, the layout engine) must not load for them.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {cpuSeconds, median} from './cpu.js';

const cli = new URL('../dist/bundle/cli.js', import.meta.url).pathname;

/** Reports the ratios through `report(name, value, unit, target, better)`. */
export function startupBench(report, target) {
	const home = mkdtempSync(join(tmpdir(), 'ansible-driver-bench-start-'));
	const env = {...process.env, XDG_STATE_HOME: home};
	try {
		for (const [name, args] of [
			['--help', ['--help']],
			['status --json (no run)', ['status', '--json']],
		]) {
			const ratios = [];
			for (let i = 0; i < 7; i++) {
				const bare = cpuSeconds([process.execPath, '-e', '0'], env);
				const ours = cpuSeconds([process.execPath, cli, ...args], env);
				ratios.push(ours / Math.max(bare, 0.001));
			}
			report(`start-up CPU of ${name} vs bare node`, median(ratios), 'x', target, 'lower', 2);
		}
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
}

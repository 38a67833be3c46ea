// The single executable (npm run release) against the bundle run by node: its size, and the CPU
// seconds of a start (median of pairs run in turn) for a command that only looks and for one that
// loads the terminal UI's layout engine (a replay written as a cast).
import {mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {cpuSeconds, median} from './cpu.js';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist/bundle/cli.js');
const events = join(root, 'fixtures/events/rolling.ndjson');

/** Reports through `report(name, value, unit, target, better, digits)`; targets: {cpuRatio, sizeMb}. */
export function executableBench(report, targets) {
	const release = join(root, 'release');
	const name = readdirSync(release).find((f) => /^ansible-driver-.*-linux-[a-z0-9]+$/.test(f));
	if (name === undefined) throw new Error('no executable in release/: npm run release');
	const executable = join(release, name);
	report(`size of ${name}`, statSync(executable).size / 1e6, 'MB', targets.sizeMb, 'lower', 1);
	const home = mkdtempSync(join(tmpdir(), 'ansible-driver-bench-exe-'));
	const env = {...process.env, XDG_STATE_HOME: home, XDG_CACHE_HOME: join(home, 'cache')};
	try {
		for (const [what, args] of [
			['status --json (no run)', ['status', '--json']],
			['replay --cast (the layout engine)', ['replay', events, '--speed', '0', '--cast', join(home, 'out.cast')]],
		]) {
			const ratios = [];
			for (let i = 0; i < 7; i++) {
				const bundle = cpuSeconds([process.execPath, cli, ...args], env);
				const single = cpuSeconds([executable, ...args], env);
				ratios.push(single / Math.max(bundle, 0.001));
			}
			report(`start-up CPU of the executable's ${what} vs the bundle's`, median(ratios), 'x', targets.cpuRatio, 'lower', 2);
		}
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
}

// CPU seconds of whole processes, for the start-up benchmarks: bash's `time` of one run (user +
// system, output discarded), and the median of several.
import {spawnSync} from 'node:child_process';

export function cpuSeconds(argv, env) {
	const quoted = argv.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
	const r = spawnSync('bash', ['-c', `TIMEFORMAT='%3U %3S'; time (${quoted} >/dev/null 2>&1)`], {env, encoding: 'utf8'});
	const [user, sys] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
	return user + sys;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

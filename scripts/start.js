// `npm start`: the demo, built first only when a source file is newer than the bundle (npm
// install has built it already; a full incremental build costs seconds before the first frame).
import {spawnSync} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';

const bundle = 'dist/bundle/cli.js';

function newest(dir) {
	let latest = 0;
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const path = join(dir, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
	}
	return latest;
}

let built = 0;
try {
	built = statSync(bundle).mtimeMs;
} catch {
	// Not built yet.
}
if (newest('source') > built) {
	const build = spawnSync('npm', ['run', 'build'], {stdio: 'inherit'});
	if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync(process.execPath, [bundle, 'run', 'demo', ...process.argv.slice(2)], {stdio: 'inherit'});
process.exit(run.status ?? 1);

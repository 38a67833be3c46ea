// `npm run release` (after the build): the two artefacts an operator installs on a deploy host,
// in release/:
// - ansible-driver-<version>-linux-<arch>: one executable, Node's own single executable
//   application: this Node with the command line (one CommonJS bundle) and its files (the built-in
//   plans, the callback plugin) injected by postject. It needs glibc and ansible, not Node.
// - ansible-driver-<version>.tgz: `npm pack` of the package, which holds the bundle and no
//   dependency to fetch: `npm install -g ./ansible-driver-<version>.tgz` works offline.
import {execFileSync} from 'node:child_process';
import {chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {join, relative, resolve} from 'node:path';
import {build} from 'esbuild';
import postject from 'postject';
import {buildInfo} from './build-info.js';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) {
	console.error(`release: Node ${process.version} cannot build it: single executables with assets need Node 20.12 or later`);
	process.exit(1);
}

const fuse = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
if (!readFileSync(process.execPath).includes(fuse)) {
	console.error(`release: ${process.execPath} cannot be made a single executable (no ${fuse} in it: a distribution's node that links libnode, say); build with Node from nodejs.org or NodeSource`);
	process.exit(1);
}

const out = 'release';
const work = join(out, '.sea');
rmSync(out, {recursive: true, force: true});
mkdirSync(work, {recursive: true});

function filesUnder(dir) {
	return readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

// Asset names are paths under the package root as installed (source/package/files.ts).
const assets = {};
for (const file of filesUnder('plans')) assets[file] = resolve(file);
assets['ansible/callback/ansible_driver.py'] = resolve('dist/ansible/callback/ansible_driver.py');
const info = buildInfo({executable: true, assets: Object.keys(assets).sort()});

const script = join(work, 'cli.cjs');
await build({
	entryPoints: ['scripts/sea/entry.js'],
	outfile: script,
	bundle: true,
	format: 'cjs',
	platform: 'node',
	target: 'node20',
	// Ink loads React's devtools only when DEV is set: never in the executable.
	external: ['react-devtools-core'],
	define: {ANSIBLE_DRIVER_BUILD: JSON.stringify(info), 'import.meta': '__ansibleDriverImportMeta'},
	// CommonJS has no import.meta: the modules that ask for their own URL get the executable's.
	banner: {js: "const __ansibleDriverImportMeta = {url: require('node:url').pathToFileURL(__filename).href};"},
	plugins: [{
		name: 'yoga-loaded-on-demand',
		setup(b) {
			b.onResolve({filter: /^yoga-layout$/}, () => ({path: resolve('scripts/sea/yoga.js')}));
		},
	}, {
		// Ink's reconciler awaits React's devtools and its package.json at its top level when DEV
		// is set; CommonJS cannot, and the executable has no devtools: those two are taken out.
		// A new Ink whose text differs fails this build here, not the operator's run.
		name: 'ink-without-devtools',
		setup(b) {
			b.onLoad({filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/}, ({path}) => {
				let text = readFileSync(path, 'utf8');
				for (const [from, to] of [["await import('./devtools.js');", 'void 0;'], ['? await loadPackageJson()', '? {name: undefined, version: undefined}']]) {
					if (text.split(from).length !== 2) throw new Error(`${path}: expected "${from}" once; Ink changed, look again at what the executable leaves out`);
					text = text.replace(from, to);
				}
				return {contents: text, loader: 'js'};
			});
		},
	}],
	logLevel: 'warning',
});

const blob = join(work, 'sea.blob');
const config = join(work, 'sea-config.json');
writeFileSync(config, JSON.stringify({
	main: script,
	output: blob,
	disableExperimentalSEAWarning: true,
	// V8's compiled code of the bundle, made now: start-up need not parse it all again.
	useCodeCache: true,
	assets,
}, null, 2));
execFileSync(process.execPath, ['--experimental-sea-config', config], {stdio: ['ignore', 'ignore', 'inherit']});

const executable = join(out, `ansible-driver-${info.version}-linux-${process.arch}`);
copyFileSync(process.execPath, executable);
chmodSync(executable, 0o755);
await postject.inject(executable, 'NODE_SEA_BLOB', readFileSync(blob), {sentinelFuse: fuse});

// The package as just built (it has no prepare or other script to run).
execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', out], {stdio: ['ignore', 'ignore', 'inherit']});
rmSync(work, {recursive: true, force: true});

for (const file of readdirSync(out)) console.log(`${relative('.', join(out, file))}  ${(statSync(join(out, file)).size / 1e6).toFixed(1)} MB`);

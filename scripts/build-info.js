// What a build says of itself (source/package/build-info.ts): the version from package.json, the
// commit from git (with -dirty when tracked files differ from it), null outside a git clone.
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

function git(args) {
	try {
		return execFileSync('git', args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
	} catch {
		return null;
	}
}

export function buildInfo({executable = false, assets = []} = {}) {
	const {version} = JSON.parse(readFileSync('package.json', 'utf8'));
	const head = git(['rev-parse', '--short=12', 'HEAD']);
	const dirty = head !== null && git(['status', '--porcelain', '--untracked-files=no']) !== '';
	return {version, commit: head === null ? null : `${head}${dirty ? '-dirty' : ''}`, executable, assets};
}

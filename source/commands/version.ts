// `--version`: the driver's version and commit, and which ansible-core it would run (the
// ansible-playbook on PATH): what an operator pastes into a report before anything else.
import {askVersion} from '../ansible/version-probe.js';
import {parseAnsibleVersionOutput, untestedWords} from '../ansible/version.js';
import {which} from '../fs/which.js';
import {buildInfo} from '../package/build-info.js';

export function versionText(env: Record<string, string | undefined>, cwd: string): string {
	const kind = buildInfo.executable ? 'single executable' : `node ${process.version}`;
	const lines = [`ansible-driver ${buildInfo.version} (commit ${buildInfo.commit ?? 'unknown'}, ${kind})`];
	const found = which('ansible-playbook', {cwd, path: env['PATH']});
	if (!found.found) {
		lines.push('ansible-core: no ansible-playbook on PATH (install ansible-core, or name the program in the plan\'s command:)');
		return lines.join('\n');
	}
	const output = askVersion(found.path, {cwd, env});
	const version = output === null ? null : parseAnsibleVersionOutput(output);
	if (version === null) {
		lines.push(`ansible-core: ${found.path} did not tell its version (ansible-playbook --version failed)`);
		return lines.join('\n');
	}
	const untested = untestedWords(version);
	lines.push(`ansible-core ${version} (${found.path})${untested === null ? '' : `: ${untested}`}`);
	return lines.join('\n');
}

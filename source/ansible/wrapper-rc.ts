// OpenStack-Ansible's `openstack-ansible` wrapper sources `openstack-ansible.rc` beside it, which
// sets ANSIBLE_CALLBACK_PLUGINS only as a default (the ceph-ansible callback folder). The driver
// sets that variable to add its own plugin, so the default would be lost: it starts from the
// rc's default instead, as the wrapper would have used it. And the wrapper sources the
// operator's user.rc last, which may replace the variable: that is named when the plugin then
// does not load.
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, realpathSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {which} from '../fs/which.js';

type Env = Record<string, string | undefined>;

const WRAPPER = 'openstack-ansible';

/** The wrapper's rc file: `openstack-ansible.rc` beside the resolved wrapper; null for another program. */
export function wrapperRc(program: string, env: Env, cwd: string): string | null {
	if (basename(program) !== WRAPPER) return null;
	const found = which(program, {cwd, path: env['PATH']});
	if (!found.found) return null;
	try {
		const rc = join(dirname(realpathSync(found.path)), `${WRAPPER}.rc`);
		return existsSync(rc) ? rc : null;
	} catch {
		return null;
	}
}

/**
 * The ANSIBLE_CALLBACK_PLUGINS the wrapper's rc sets when the caller sets none: the rc is
 * sourced by bash with the variable unset, as the wrapper does it (it only exports defaults).
 * Null when the rc sets none, or it cannot be read.
 */
export function rcCallbackDefault(rc: string, env: Env): string | null {
	return rcValue(rc, {...env, ANSIBLE_CALLBACK_PLUGINS: undefined}, 'ANSIBLE_CALLBACK_PLUGINS');
}

/** What the rc sets a variable to, sourced by bash with this environment; null when empty or unreadable. */
export function rcValue(rc: string, env: Env, name: string): string | null {
	const clean: Record<string, string> = {};
	for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
	const r = spawnSync('bash', ['-c', '. "$1" >/dev/null 2>&1; printf %s "${!2-}"', 'rc', rc, name], {env: clean, encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore']});
	const value = r.status === 0 ? r.stdout.trim() : '';
	return value === '' ? null : value;
}

/**
 * The ANSIBLE_COLLECTIONS_PATH a step run through the openstack-ansible wrapper gets: its rc's
 * (`${ANSIBLE_COLLECTIONS_PATH:-/etc/ansible}`), asked of bash; null for another program.
 */
export function wrapperCollectionsPath(program: string, cwd: string, env: Env): string | null {
	const rc = wrapperRc(program, env, cwd);
	return rc === null ? null : rcValue(rc, env, 'ANSIBLE_COLLECTIONS_PATH');
}

/** The operator's user.rc the wrapper sources last, when it exists and names ANSIBLE_CALLBACK_PLUGINS. */
export function userRcSettingCallbacks(env: Env): string | null {
	const rc = env['OSA_USER_RC'] || join(env['OSA_CONFIG_DIR'] || '/etc/openstack_deploy', 'user.rc');
	try {
		return readFileSync(rc, 'utf8').includes('ANSIBLE_CALLBACK_PLUGINS') ? rc : null;
	} catch {
		return null;
	}
}

// Which inventory a replay bands by, and its groups as the real ansible-inventory reads them:
// a recording's inventory (ansible-runner's) found where it was moved to, and read with the static
// formats only; an inventory that cannot be read is a warning, never a replay refused.
import {chmodSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {detectRecording} from '../../source/replay/detect.js';
import {inventoryArgs, readInventoryGroups, runnerInventory} from '../../source/replay/inventory.js';
import {describeAnsible} from '../helpers/ansible.js';
import {REPLAY} from './helpers.js';

const PLUGIN_INVENTORY = join(REPLAY, '..', 'plugin', 'inventory.ini');
const temps: string[] = [];
afterEach(() => {
	for (const dir of temps.splice(0)) rmSync(dir, {recursive: true, force: true});
});
function temp(): string {
	const dir = mkdtempSync(join(tmpdir(), 'replay-inventory-'));
	temps.push(dir);
	return dir;
}

it('reads -i, --inventory and --inventory-file from an ansible command line', () => {
	expect(inventoryArgs(['ansible-playbook', '-i', 'a', '-ib', '--inventory', 'c', '--inventory-file=d', 'site.yml', '--', '-i', 'e'])).toEqual(['a', 'b', 'c', 'd']);
});

it("an ansible-runner recording names its inventory: the recorded private_data_dir's path is found in the folder it was copied to", () => {
	const detected = detectRecording(join(REPLAY, 'runner-groups'));
	if (!detected.ok) throw new Error(detected.message);
	// The command says /srv/runner/inventory (where it was recorded); here it is the fixture's.
	expect(detected.recording.inventory).toEqual({paths: [join(REPLAY, 'runner-groups', 'inventory')]});
	// A recording with neither a command file nor an inventory/ names none.
	const bare = detectRecording(join(REPLAY, 'runner'));
	expect(bare.ok && bare.recording.inventory).toBeUndefined();
});

it('an inventory the recording names elsewhere and that is not here is said, with its path', () => {
	const dir = temp();
	cpSync(join(REPLAY, 'runner-groups', 'artifacts'), join(dir, 'artifacts'), {recursive: true});
	writeFileSync(join(dir, 'artifacts', 'mixed', 'command'), JSON.stringify({command: ['ansible-playbook', '-i', '/nowhere/hosts.yml', 'site.yml'], cwd: '/srv/runner/project', env: {}}));
	expect(runnerInventory([join(dir, 'artifacts', 'mixed', 'job_events')])).toEqual({missing: ['/nowhere/hosts.yml']});
	// Without a command file, runner's own place (<private_data_dir>/inventory) is taken.
	rmSync(join(dir, 'artifacts', 'mixed', 'command'));
	cpSync(join(REPLAY, 'runner-groups', 'inventory'), join(dir, 'inventory'), {recursive: true});
	expect(runnerInventory([join(dir, 'artifacts', 'mixed', 'job_events')])).toEqual({paths: [join(dir, 'inventory')]});
});

describeAnsible('groups from the real ansible-inventory', () => {
	const o = {env: process.env, cwd: process.cwd()};

	it('reads an INI inventory: each host with the groups it is in', async () => {
		const read = await readInventoryGroups([PLUGIN_INVENTORY], {...o, trusted: true});
		expect(read).toEqual({ok: true, groups: new Map([['h1', ['galera_all', 'nodes']], ['h2', ['galera_all', 'nodes']], ['h3', ['nodes']]])});
	});

	it("reads a runner recording's inventory folder, child groups included", async () => {
		const read = await readInventoryGroups([join(REPLAY, 'runner-groups', 'inventory')], {...o, trusted: false});
		expect(read.ok && Object.fromEntries(read.groups)).toEqual({h1: ['galera_all', 'nodes'], h2: ['galera_all', 'nodes'], h3: ['nodes', 'rabbitmq_all'], h4: ['nodes', 'rabbitmq_all']});
	});

	it('an inventory script found in a recording is never run; one the operator names is', async () => {
		const dir = temp();
		const marker = join(dir, 'ran');
		const script = join(dir, 'inventory.sh');
		writeFileSync(script, `#!/bin/sh\ntouch ${marker}\necho '{"web": {"hosts": ["w1", "w2"]}, "_meta": {"hostvars": {}}}'\n`);
		chmodSync(script, 0o755);
		const found = await readInventoryGroups([script], {...o, trusted: false});
		expect(found.ok).toBe(false);
		expect(existsSync(marker)).toBe(false);
		const given = await readInventoryGroups([script], {...o, trusted: true});
		expect(existsSync(marker)).toBe(true);
		expect(given.ok && Object.fromEntries(given.groups)).toEqual({w1: ['web'], w2: ['web']});
	});

	it('without ansible-inventory on PATH, or with nothing it can read: a warning and no groups', async () => {
		const absent = await readInventoryGroups([PLUGIN_INVENTORY], {env: {...process.env, PATH: temp()}, cwd: process.cwd(), trusted: true});
		expect(absent).toEqual({ok: false, warning: `ansible-inventory is not on PATH: no bands from ${PLUGIN_INVENTORY}`});
		const dir = temp();
		writeFileSync(join(dir, 'hosts.ini'), 'h1\nh2\n');
		const ungrouped = await readInventoryGroups([join(dir, 'hosts.ini')], {...o, trusted: true});
		expect(ungrouped.ok).toBe(false);
		expect(!ungrouped.ok && ungrouped.warning).toMatch(/^ansible-inventory found no host in a group: no bands from /);
	});
});

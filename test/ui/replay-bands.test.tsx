// Bands in replays of recordings the callback plugin did not make: their hosts are banded by an
// inventory (replay --inventory FILE, or the one an ansible-runner recording names), read by the
// real ansible-inventory; and B cycles the band rule: inventory group, name prefix, none.
import {render} from 'ink-testing-library';
import {join} from 'node:path';
import {afterEach, expect, it, vi} from 'vitest';
import {detectRecording} from '../../source/replay/detect.js';
import {App} from '../../source/ui/app.js';
import {replayHostGroups} from '../../source/viewer/replay-inventory.js';
import {ReplaySource} from '../../source/viewer/replay-source.js';
import {describeAnsible} from '../helpers/ansible.js';
import {EVENTS, REPLAY} from '../replay/helpers.js';
import {lines} from './data.js';

const PLUGIN_INVENTORY = join(REPLAY, '..', 'plugin', 'inventory.ini');

const mounted: Array<{unmount: () => void}> = [];
const sources: ReplaySource[] = [];
afterEach(() => {
	for (const m of mounted.splice(0)) m.unmount();
	for (const s of sources.splice(0)) s.close();
});

/** What `replay PATH [--inventory FILE]` opens in the viewer (commands/tui.ts), played at once. */
async function replay(path: string, inventory?: string) {
	const detected = detectRecording(path);
	if (!detected.ok) throw new Error(detected.message);
	const groups = await replayHostGroups(detected.recording, inventory, {env: process.env, cwd: process.cwd()});
	if (!groups.ok) throw new Error(groups.problem);
	const source = new ReplaySource(detected.recording, 0, undefined, {hostGroups: groups.hostGroups, notice: groups.warning});
	sources.push(source);
	return open(source, async () => {
		await vi.waitFor(() => expect(['done', 'failed']).toContain(source.snapshot().run.status));
	});
}

async function open(source: ReplaySource, ready: () => Promise<void> = async () => {}) {
	const r = render(<App source={source} startPrompt={null} onExit={() => {}} color={false} />);
	mounted.push(r);
	await ready();
	const frame = () => lines(r.lastFrame());
	return {stdin: r.stdin, frame, text: () => frame().join('\n'), footer: () => frame().at(-1) ?? ''};
}

/** The matrix's lines above its first task row: band names, then host labels. */
function header(frame: string[], firstTask: string): string[] {
	const at = frame.findIndex((l) => l.includes(firstTask));
	return frame.slice(2, at).map((l) => l.slice(l.indexOf('│') + 1));
}

/** The answer to the last key, without what the footer says of the run after it. */
const answer = (footer: string): string => footer.split(' · ')[0]!;

/** The band names over the columns (the header without its labels line). */
const bandLines = (frame: string[], firstTask: string): string => header(frame, firstTask).slice(0, -1).join('\n');

describeAnsible('replays banded by an inventory (real ansible-inventory)', () => {
	it("an ansible-runner recording: bands by the groups of the inventory in its private_data_dir; the same run without one has none", async () => {
		const grouped = await replay(join(REPLAY, 'runner-groups'));
		await vi.waitFor(() => expect(bandLines(grouped.frame(), 'loop over packages')).toMatch(/galera[\s\S]*rabbitmq/));
		expect(header(grouped.frame(), 'loop over packages').at(-1)).toMatch(/h1 h2 +h3 h4/);
		// Following the failure on h3: its host and its group, whole.
		expect(grouped.text()).toContain('host h3  group rabbitmq_all');

		const bare = await replay(join(REPLAY, 'runner'));
		await vi.waitFor(() => expect(bare.text()).toContain('loop over packages'));
		expect(bare.text()).not.toMatch(/galera|rabbitmq|group /);
	});

	it('an ansible.posix.jsonl stream with --inventory: its groups band the hosts; without it, none', async () => {
		const banded = await replay(join(EVENTS, 'fails.jsonl'), PLUGIN_INVENTORY);
		// Each band stands where its first host did: h3 came first in the stream.
		await vi.waitFor(() => expect(bandLines(banded.frame(), 'check cluster state')).toMatch(/other[\s\S]*galera/));
		expect(header(banded.frame(), 'check cluster state').at(-1)).toMatch(/h3 +h1 h2/);
		expect(banded.text()).toMatch(/host h\d {2}group (galera_all|none)/);

		const plain = await replay(join(EVENTS, 'fails.jsonl'));
		await vi.waitFor(() => expect(plain.text()).toContain('check cluster state'));
		expect(plain.text()).not.toMatch(/galera|other|group /);
	});

	it('B cycles the rule: inventory group, name prefix (h1..h4 share theirs: no bands), none, and back; the help says the rule', async () => {
		const ui = await replay(join(REPLAY, 'runner-groups'));
		const bands = () => bandLines(ui.frame(), 'loop over packages');
		await vi.waitFor(() => expect(bands()).toContain('galera'));
		ui.stdin.write('B');
		await vi.waitFor(() => expect(answer(ui.footer())).toBe('B: hosts banded by name prefix (up to the first digit or separator)'));
		expect(bands()).not.toContain('galera');
		ui.stdin.write('B');
		await vi.waitFor(() => expect(answer(ui.footer())).toBe('B: no bands'));
		expect(bands()).not.toContain('galera');
		ui.stdin.write('?');
		await vi.waitFor(() => expect(ui.text()).toContain('(now: none)'));
		ui.stdin.write('?');
		ui.stdin.write('B');
		await vi.waitFor(() => expect(answer(ui.footer())).toBe('B: hosts banded by inventory group'));
		await vi.waitFor(() => expect(bands()).toMatch(/galera[\s\S]*rabbitmq/));
	});
});

it('a missing --inventory file is refused before anything plays', async () => {
	const detected = detectRecording(join(EVENTS, 'fails.jsonl'));
	if (!detected.ok) throw new Error(detected.message);
	expect(await replayHostGroups(detected.recording, 'no-such-inventory.ini', {env: process.env, cwd: process.cwd()})).toEqual({ok: false, problem: '--inventory no-such-inventory.ini: no such file or directory'});
});

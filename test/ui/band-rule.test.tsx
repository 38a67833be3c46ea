// B cycles what bands the host columns. Hosts without inventory groups: name prefix, none, and
// round again (the group rule is not offered); with groups: test/ui/replay-bands.test.tsx.
import {describe, expect, it, vi} from 'vitest';
import {FakeSource} from './fake-source.js';
import {mountApp} from './mount-app.js';
import {data, osaSteps, run, syntheticMatrix} from './data.js';

const open = mountApp;

/** The band names over the columns: the matrix's lines above its first task row, less the labels line. */
function bandLines(frame: string[], firstTask: string): string {
	const at = frame.findIndex((l) => l.includes(firstTask));
	return frame.slice(2, Math.max(2, at - 1)).map((l) => l.slice(l.indexOf('│') + 1)).join('\n');
}

/** The answer to the last key, without what the footer says of the run after it. */
const answer = (footer: string): string => footer.split(' · ')[0]!;

describe('B without inventory groups', () => {
	it('cycles name prefix and none only: web and db hosts band by their names', async () => {
		const hosts = ['web1', 'web2', 'web3', 'db1', 'db2'];
		const ui = open(new FakeSource(data(run(osaSteps()), {matrix: syntheticMatrix(hosts, 3, () => 'ok')})));
		const bands = () => bandLines(ui.frame(), 'task number 1');
		await vi.waitFor(() => expect(ui.text()).toContain('task number 1'));
		expect(bands()).not.toMatch(/web|db/);
		ui.stdin.write('B');
		await vi.waitFor(() => expect(answer(ui.footer())).toBe('B: hosts banded by name prefix (up to the first digit or separator) (no inventory groups known)'));
		await vi.waitFor(() => expect(bands()).toMatch(/web +│?db/));
		// The title names the selected column's band by the rule's word.
		expect(ui.text()).toMatch(/host web1 {2}prefix web/);
		ui.stdin.write('B');
		await vi.waitFor(() => expect(answer(ui.footer())).toBe('B: no bands (no inventory groups known)'));
		expect(bands()).not.toMatch(/web|db/);
		ui.stdin.write('B');
		await vi.waitFor(() => expect(ui.footer()).toMatch(/^B: hosts banded by name prefix/));
		await vi.waitFor(() => expect(bands()).toMatch(/web +│?db/));
	});
});

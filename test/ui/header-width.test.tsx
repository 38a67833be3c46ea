// The header's title follows the terminal's width: whole when it fits; the run directory gives
// way first, cut at its start.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Header} from '../../source/ui/components/header.js';
import {lines, osaSteps, run} from './data.js';

const name = 'OpenStack-Ansible upgrade to 2026.1 (from 2025.2) on the production region';
const source = '/root/.local/state/ansible-driver/run-upgrade-1a2b3c4d';

describe('header width', () => {
	it.each([120, 200])('at %i columns shows the whole plan name', (width) => {
		const [line] = lines(render(<Header run={run(osaSteps(), {planName: name, source})} width={width} />).lastFrame());
		expect(line).toContain(name);
		expect(line!.length).toBeLessThanOrEqual(width);
	});

	it('at 200 columns the run directory shows whole; at 120 the name comes first', () => {
		const wide = lines(render(<Header run={run(osaSteps(), {planName: name, source})} width={200} />).lastFrame())[0]!;
		expect(wide).toContain(source);
		const narrow = lines(render(<Header run={run(osaSteps(), {planName: name, source})} width={120} />).lastFrame())[0]!;
		expect(narrow).toContain(name);
		expect(narrow).not.toContain('/root');
		// With room for part of it, the run directory keeps its end.
		const mid = lines(render(<Header run={run(osaSteps(), {planName: name, source})} width={150} />).lastFrame())[0]!;
		expect(mid).toMatch(/ …[^ ]*run-upgrade-1a2b3c4d$/);
	});

	it('at 80 columns cuts the name, keeping the status and step visible', () => {
		const [line] = lines(render(<Header run={run(osaSteps(), {planName: name, source})} width={80} />).lastFrame());
		expect(line).toContain('OpenStack-Ansible upgrade');
		expect(line).toMatch(/RUNNING/);
		expect(line).toMatch(/step +3\/23/);
	});
});

describe('header clock', () => {
	const at = new Date(2026, 10, 30, 14, 32).getTime();
	const view = run(osaSteps(), {planName: 'Demo', activeMs: 190_000, elapsedMs: 1_116_000, etaMs: 3_600_000, etaAt: at});

	it('shows time spent running, the wall time beside it once pauses made them differ, and the ETA as a clock time', () => {
		const [line] = lines(render(<Header run={view} width={120} />).lastFrame());
		expect(line).toMatch(/RUNNING +3m10s {2}\(wall 18m36s\) {2}step {2}3\/23 {2}ETA 14:32 \(in 1h00m\)/);
		// Alike within a minute: one clock.
		const same = lines(render(<Header run={{...view, elapsedMs: 200_000}} width={120} />).lastFrame())[0]!;
		expect(same).not.toContain('wall');
	});

	it('gives up the wall time, then the "in", before cutting the plan name', () => {
		const long = {...view, planName: 'OpenStack-Ansible upgrade to 2026.1 from 2025.2'};
		const [line] = lines(render(<Header run={long} width={90} />).lastFrame());
		expect(line).toContain(long.planName);
		expect(line).not.toContain('wall');
		expect(line).toMatch(/ETA 14:32/);
	});

	it('an ETA past midnight says on which day', () => {
		const [line] = lines(render(<Header run={{...view, etaAt: at + 12 * 3_600_000, etaMs: 12 * 3_600_000}} width={120} />).lastFrame());
		expect(line).toContain('ETA 02:32+1d');
	});
});

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

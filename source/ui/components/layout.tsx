// The whole screen: header, plan | matrix over detail, footer; overlays take the body.
// Views only: the app owns the state, reads files and turns keys into actions.
import {Box} from 'ink';
import type {ViewerData} from '../types.js';
import type {UiState} from '../ui-state.js';
import {ConfirmStart} from './confirm-start.js';
import {DetailPane, DetailView} from './detail-pane.js';
import {Footer} from './footer.js';
import {screenGeometry} from './geometry.js';
import {Header} from './header.js';
import {HandOver} from './handover.js';
import {Help} from './help.js';
import {LogView} from './log-view.js';
import {MatrixPane} from './matrix-pane.js';
import {PlanPane} from './plan-pane.js';
import {Lines} from './text.js';

export interface ScreenProps {
	data: ViewerData;
	ui: UiState;
	width: number;
	height: number;
	/** The start confirmation's answers (overlay confirm-start). */
	onConfirmStart?: () => void;
	onCancelStart?: () => void;
}

const noop = () => {};

function Rule({height}: {height: number}) {
	return <Lines lines={Array.from({length: height}, () => [{text: '│', dim: true}])} width={1} />;
}

export function Screen({data, ui, width, height, onConfirmStart = noop, onCancelStart = noop}: ScreenProps) {
	const g = screenGeometry(data, ui, width, height);
	const {run} = data;
	const shown = run.steps[g.step] ?? null;
	const running = run.steps.find((s) => s.status === 'running') ?? null;
	const plan = (
		<Box flexDirection="column" width={g.planWidth}>
			<PlanPane
				steps={run.steps}
				shown={g.step}
				highlight={g.planHighlight}
				focused={ui.focus === 'plan'}
				from={g.planFrom}
				visible={g.planVisible}
				width={g.planWidth}
				height={g.bodyHeight}
			/>
		</Box>
	);
	let body;
	if (ui.overlay === 'help') body = <Help width={g.width} height={g.bodyHeight} />;
	else if (ui.overlay === 'confirm-start') {
		body = (
			<ConfirmStart
				planName={run.planName}
				steps={run.steps}
				width={g.width}
				height={g.bodyHeight}
				isActive
				onSubmit={onConfirmStart}
				onCancel={onCancelStart}
			/>
		);
	} else if (ui.overlay === 'handover') {
		body = <HandOver lines={data.handOver ?? []} dir={run.source} width={g.width} height={g.bodyHeight} />;
	} else if (ui.overlay === 'log') {
		body = <LogView lines={data.logLines} scroll={ui.logScroll} step={shown} width={g.width} height={g.bodyHeight} />;
	} else if (ui.overlay === 'detail') {
		// The whole width: a failure's text is read (and copied) whole.
		body = <DetailView model={data.matrix} geometry={g.matrix} detail={data.detail} step={shown} waiting={data.waiting ?? null} scroll={ui.detailScroll} width={g.width} height={g.bodyHeight} />;
	} else {
		const right = (
			<>
				<MatrixPane model={data.matrix} geometry={g.matrix} step={shown} focused={ui.focus === 'matrix'} width={g.rightWidth} height={g.matrixHeight} />
				<DetailPane model={data.matrix} geometry={g.matrix} detail={data.detail} step={shown} waiting={data.waiting ?? null} width={g.rightWidth} height={g.detailHeight} />
			</>
		);
		body = (
			<Box flexDirection="row">
				{plan}
				<Rule height={g.bodyHeight} />
				<Box flexDirection="column" width={g.rightWidth}>
					{right}
				</Box>
			</Box>
		);
	}
	return (
		<Box flexDirection="column" width={g.width} height={g.height}>
			<Header run={run} width={g.width} />
			<Box flexDirection="column" height={g.bodyHeight}>
				{body}
			</Box>
			<Footer
				width={g.width}
				overlay={ui.overlay}
				filterDraft={ui.filterDraft}
				message={ui.message}
				run={run}
				canHandOver={data.handOver !== null && data.handOver.length > 0}
				abortStep={running ? running.name || running.id : null}
				stalled={running?.stalled ?? null}
				waiting={running ? (data.waiting ?? null) : null}
			/>
		</Box>
	);
}

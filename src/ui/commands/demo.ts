import { loadDemo } from '../../store/workflows/demo.ts';
import { command } from './registry.ts';

export const demo = command({ id: 'demo', label: 'Load the demo dataset', keys: [], group: 'Data', perform: (ctx) => void loadDemo(ctx.client) });

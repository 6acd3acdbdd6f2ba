/** The demo data generator, as the command line (`cellbase demo-data`) and the benchmark use it. */
export { generateDemoData, findDemoDatasets, type DemoOptions, type DemoSummary, type ExistingDataset } from './demo.service.ts';
export { DEMO_SCALES, type DemoScale } from './demo-plan.ts';
export { setIndexesAside } from './bulk.ts';

export { generateDemoMonth, type DemoMonth } from './generate-demo-month.ts';
export {
  demoEventsAsEmitted,
  demoEventsInOrder,
  compareCalls,
  compareRegistrations,
  type DemoEvent,
} from './event-order.ts';
export {
  demoMonthOptionsSpec,
  parseDemoMonthOptions,
  type DemoMonthOptions,
  type DemoPopulationOptions,
} from './demo-month-options.ts';
export type { DemoAccountExpectation, DemoMonthScenario, FraudDeadlines } from './demo-scenario.ts';
export type { CredentialTheft } from './credential-theft.ts';
export type { EdgeCall } from './night-reception.ts';
export {
  DEMO_REFERENCE_DIRECTORY,
  SAMPLE_REFERENCE_DIRECTORY,
  writeDemoReferenceData,
  type DemoReferenceWritten,
} from './write-demo-reference.ts';
export { demoTariffVersions, type DemoTariffVersions } from './demo-tariff.ts';
export { buildDemoPopulation } from './population.ts';
export type { AccountRole, DemoAccount, DemoCustomer, DemoPopulation } from './population-types.ts';

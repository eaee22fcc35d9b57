/**
 * THE test-helper module: every unit test imports its helpers from here. Sub-modules by concern,
 * with no helper in two of them:
 *   analysis.ts     analyse fixtures and inline sources with the real engine (both languages)
 *   lookup.ts       find functions and findings in reports
 *   fix-harness.ts  compute fixes, apply them to copies, build and run the result (node, python3)
 *   rule-tester.ts  one test file per rule: valid and invalid cases with findings and fix output
 *   v8-profile.ts   V8 CPU profiles written with known stacks (also imported by the integration suite)
 */
export * from './analysis';
export * from './fix-harness';
export * from './lookup';
export * from './rule-tester';
export * from './v8-profile';

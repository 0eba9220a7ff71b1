export * from './registry.ts';
export * from './design.ts';

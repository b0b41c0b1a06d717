import { chosenNames } from './only';

const KNOWN = ['through the router', 'router, canary 25 %', 'rolling v1 → v2 (3 replicas)'];

describe('chosenNames (--only)', () => {
  it('takes a comma-separated list, and a name with a comma in an --only of its own', () => {
    expect(chosenNames(['through the router, rolling v1 → v2 (3 replicas)'], KNOWN)).toEqual(['through the router', 'rolling v1 → v2 (3 replicas)']);
    expect(chosenNames(['router, canary 25 %', 'through the router'], KNOWN)).toEqual(['router, canary 25 %', 'through the router']);
  });

  it('names what it does not know, and what it knows', () => {
    expect(() => chosenNames(['through the router,rolling'], KNOWN)).toThrow('--only "rolling": use one of "through the router", "router, canary 25 %", "rolling v1 → v2 (3 replicas)"');
  });
});

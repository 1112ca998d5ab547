/** One kind of income generator a player can buy. */
export interface Item {
  id: number;
  name: string;
  /** Price of one, in the smallest money unit. */
  cost: number;
  /** Income one adds, in units per second. */
  incomePerSecond: number;
}

/**
 * The seeded catalog: each tier costs about eight times the one before and
 * pays back a little faster, so saving up is always worth it. The signup
 * grant must cover the first one (checked at boot) so nobody starts stuck.
 */
export const CATALOG: readonly Item[] = [
  { id: 1, name: "Lemonade Stand", cost: 50, incomePerSecond: 1 },
  { id: 2, name: "Paper Route", cost: 400, incomePerSecond: 9 },
  { id: 3, name: "Car Wash", cost: 3_200, incomePerSecond: 80 },
  { id: 4, name: "Pizza Parlor", cost: 25_000, incomePerSecond: 700 },
  { id: 5, name: "Bank Branch", cost: 200_000, incomePerSecond: 6_000 },
  { id: 6, name: "Oil Rig", cost: 1_600_000, incomePerSecond: 52_000 },
  { id: 7, name: "Space Port", cost: 12_800_000, incomePerSecond: 450_000 },
];

/** Cost of the cheapest item: the least a signup grant may be. */
export const CHEAPEST_COST = Math.min(...CATALOG.map((item) => item.cost));

// Sample charts for the chart layer's tests and its browser check: each kind, one row, many rows (60
// months, 15 long category names), text that must be escaped, and an empty chart.
import type { Chart } from '../../src/domain/reporting/types.ts';

export function months(n: number, from = 2022): string[] {
  return Array.from({ length: n }, (_, i) => `${from + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
}

const STATES = ['Submitted', 'In review', 'Decided'];

export const requestsByMonth: Chart = {
  id: 'requests-by-month',
  title: 'Requests by state and month',
  summary: 'Program requests submitted each month, by where they stand now.',
  kind: 'bar',
  x: 'month',
  y: 'requests',
  color: 'state',
  columns: [
    { field: 'month', title: 'Month', format: 'month' },
    { field: 'state', title: 'State', format: 'text' },
    { field: 'requests', title: 'Requests', format: 'count' },
  ],
  rows: months(12, 2026).flatMap((month, i) => STATES.map((state, j) => ({ month, state, requests: (i * 3 + j * 5) % 11 }))),
  empty: 'No requests in these months.',
};

export const issuedAndClaimed: Chart = {
  id: 'issued-claimed',
  title: 'Badges issued and claimed per institution',
  summary: 'Badges each institution issued and how many of them their earners accepted.',
  kind: 'grouped-bar',
  x: 'institution',
  y: 'badges',
  color: 'measure',
  columns: [
    { field: 'institution', title: 'Institution', format: 'text' },
    { field: 'measure', title: 'Measure', format: 'text' },
    { field: 'badges', title: 'Badges', format: 'count' },
  ],
  rows: ['Northern State University', 'Central Community College', 'Western Technical College', 'Eastern University'].flatMap((institution, i) =>
    ['Issued', 'Claimed'].map((measure, j) => ({ institution, measure, badges: 1200 + i * 410 - j * 380 })),
  ),
  empty: 'No badges issued in these months.',
};

export const topSkills: Chart = {
  id: 'top-skills',
  title: 'Top skills',
  summary: 'The skills most programs teach, most first.',
  kind: 'hbar',
  x: 'skill',
  y: 'programs',
  columns: [
    { field: 'skill', title: 'Skill', format: 'text' },
    { field: 'programs', title: 'Programs', format: 'count' },
  ],
  rows: Array.from({ length: 15 }, (_, i) => ({ skill: `Skill ${i + 1}: patient data analysis & <reporting> in rural healthcare settings`, programs: ((i * 7) % 23) + 1 })),
  empty: 'No skills yet.',
};

export const claimRate: Chart = {
  id: 'claim-rate',
  title: 'Claim rate by badge class',
  summary: 'The share of badges issued each month that their earners accepted, per badge class.',
  kind: 'line',
  x: 'month',
  y: 'rate',
  color: 'badgeClass',
  columns: [
    { field: 'month', title: 'Month', format: 'month' },
    { field: 'badgeClass', title: 'Badge class', format: 'text' },
    { field: 'rate', title: 'Claim rate (%)', format: 'percent' },
  ],
  rows: months(60).flatMap((month, i) => ['Welding I', 'Data Literacy', 'Nursing Assistant'].map((badgeClass, j) => ({ month, badgeClass, rate: 30 + ((i * 7 + j * 13) % 50) }))),
  empty: 'No badges issued in these months.',
};

export const oneRow: Chart = {
  id: 'one-row',
  title: 'Badges issued',
  summary: 'One month of issuing.',
  kind: 'line',
  x: 'month',
  y: 'issued',
  columns: [
    { field: 'month', title: 'Month', format: 'month' },
    { field: 'issued', title: 'Badges issued', format: 'count' },
  ],
  rows: [{ month: '2026-11', issued: 42 }],
  empty: 'No badges issued.',
};

export const withNulls: Chart = {
  id: 'time-to-decision',
  title: 'Days to decision by stage',
  summary: 'Median days from one stage to the next; no figure where nothing reached the stage.',
  kind: 'bar',
  x: 'stage',
  y: 'days',
  columns: [
    { field: 'stage', title: 'Stage', format: 'text' },
    { field: 'days', title: 'Median days', format: 'days' },
  ],
  rows: [
    { stage: 'Submitted → in review', days: 3.5 },
    { stage: 'In review → recommendation', days: 12 },
    { stage: 'Recommendation → decision', days: null },
  ],
  empty: 'No decisions yet.',
};

export const empty: Chart = { ...claimRate, id: 'empty', rows: [], empty: 'No badges issued in these months.' };

export const ALL_KINDS: readonly Chart[] = [requestsByMonth, issuedAndClaimed, topSkills, claimRate];

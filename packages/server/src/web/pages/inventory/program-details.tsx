// A program page's main column: what earners can do, skills, outcomes, the courses or activities, and how
// the badge is earned and assessed.
import type { ProgramView } from '../../../domain/inventory/get-listed-program.ts';
import { totalCreditHours, type ProgramForm } from '../../../domain/programs/form.ts';
import { criteriaText } from '../../../domain/programs/lifecycle.ts';
import { DataTable } from '../../components/data-table.tsx';

type Course = ProgramForm['courses'][number];

/** The courses and, as the last row, their total credit hours. */
function CoursesTable({ courses, credit }: { courses: readonly Course[]; credit: number }) {
  const rows: (Course | null)[] = [...courses, null];
  return (
    <DataTable
      caption="Courses and credit hours"
      rows={rows}
      rowKey={(c) => (c ? `${c.prefix}${c.number}` : 'total')}
      empty={null}
      columns={[
        { key: 'course', header: 'Course', cell: (c) => (c ? `${c.prefix} ${c.number}` : 'Total') },
        { key: 'title', header: 'Title', cell: (c) => (c ? c.title : null) },
        { key: 'hours', header: 'Credit hours', class: 'text-right', cell: (c) => (c ? (c.credit_hours ?? '—') : <strong>{credit}</strong>) },
      ]}
    />
  );
}

function ActivitiesTable({ activities }: { activities: ProgramForm['activities'] }) {
  return (
    <DataTable
      caption="Activities and contact hours"
      rows={activities}
      rowKey={(a) => a.title}
      empty={null}
      columns={[
        { key: 'activity', header: 'Activity', cell: (a) => a.title },
        { key: 'hours', header: 'Contact hours', class: 'text-right', cell: (a) => a.contact_hours ?? '—' },
      ]}
    />
  );
}

export function ProgramDetails({ v }: { v: ProgramView }) {
  const f = v.form;
  return (
    <div class="tablet:grid-col-8 usa-prose laurel-program-body">
      <h2>What earners can do</h2>
      <p>{f.narrative}</p>
      {f.skills.length ? (
        <>
          <h2>Skills</h2>
          <p class="laurel-result__skills">
            {f.skills.map((s) => (
              <a class="laurel-skill" href={`/inventory?skill=${encodeURIComponent(s)}`} key={s}>
                {s}
              </a>
            ))}
          </p>
        </>
      ) : null}
      {f.outcomes.length ? (
        <>
          <h2>Learning outcomes</h2>
          <ul>
            {f.outcomes.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        </>
      ) : null}
          {f.courses.length ? (
            <>
              <h2>Credit-bearing courses</h2>
              <CoursesTable courses={f.courses} credit={totalCreditHours(f)} />
            </>
          ) : null}
          {f.activities.length ? (
            <>
              <h2>Non-credit activities</h2>
              <ActivitiesTable activities={f.activities} />
            </>
          ) : null}
      <h2>How to earn the badge</h2>
      <p class="laurel-prewrap">{criteriaText(f) || 'The institution publishes the criteria on the program’s website.'}</p>
      {f.assessment_methods ? (
        <>
          <h3>How it is assessed</h3>
          <p>{f.assessment_methods}</p>
        </>
      ) : null}
      {f.evidence ? (
        <>
          <h3>Evidence</h3>
          <p>{f.evidence}</p>
        </>
      ) : null}
    </div>
  );
}

// A program page's main column: what earners can do, skills, outcomes, the courses or activities, and how
// the badge is earned and assessed.
import type { ProgramView } from '../../../domain/inventory/get-listed-program.ts';
import { totalCreditHours, type ProgramForm } from '../../../domain/programs/form.ts';
import { criteriaText } from '../../../domain/programs/lifecycle.ts';
import { DataTable } from '../../components/data-table.tsx';

type Course = ProgramForm['courses'][number];

/** The courses, with their total credit hours in the table's footer. */
function CoursesTable({ courses, credit }: { courses: readonly Course[]; credit: number }) {
  return (
    <DataTable
      caption="Courses and credit hours"
      rows={courses}
      rowKey={(c) => `${c.prefix}${c.number}`}
      empty={null}
      columns={[
        { key: 'course', header: 'Course', cell: (c) => `${c.prefix} ${c.number}` },
        { key: 'title', header: 'Title', cell: (c) => c.title },
        { key: 'hours', header: 'Credit hours', class: 'text-right', cell: (c) => c.credit_hours ?? '—' },
      ]}
      footer={
        <tr>
          <th scope="row" colSpan={2}>
            Total
          </th>
          <td class="text-right text-bold">{credit}</td>
        </tr>
      }
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

// A program page's main column: what earners can do, skills, outcomes, the courses or activities, and how
// the badge is earned and assessed.
import type { ProgramView } from '../../../domain/inventory/get-listed-program.ts';
import { totalCreditHours, type ProgramForm } from '../../../domain/programs/form.ts';
import { criteriaText } from '../../../domain/programs/lifecycle.ts';
import type { Translator } from '../../../shared/i18n/translator.ts';
import { DataTable } from '../../components/data-table.tsx';

type Course = ProgramForm['courses'][number];

/** The courses, with their total credit hours in the table's footer. */
function CoursesTable({ t, courses, credit }: { t: Translator['t']; courses: readonly Course[]; credit: number }) {
  return (
    <DataTable
      caption={t('inventory.details.coursesCaption')}
      rows={courses}
      rowKey={(c) => `${c.prefix}${c.number}`}
      empty={null}
      columns={[
        { key: 'course', header: t('inventory.details.course'), cell: (c) => `${c.prefix} ${c.number}` },
        { key: 'title', header: t('inventory.details.courseTitle'), cell: (c) => c.title },
        { key: 'hours', header: t('inventory.details.creditHours'), class: 'text-right', cell: (c) => c.credit_hours ?? '—' },
      ]}
      footer={
        <tr>
          <th scope="row" colSpan={2}>
            {t('inventory.details.total')}
          </th>
          <td class="text-right text-bold">{credit}</td>
        </tr>
      }
    />
  );
}

function ActivitiesTable({ t, activities }: { t: Translator['t']; activities: ProgramForm['activities'] }) {
  return (
    <DataTable
      caption={t('inventory.details.activitiesCaption')}
      rows={activities}
      rowKey={(a) => a.title}
      empty={null}
      columns={[
        { key: 'activity', header: t('inventory.details.activity'), cell: (a) => a.title },
        { key: 'hours', header: t('inventory.details.contactHours'), class: 'text-right', cell: (a) => a.contact_hours ?? '—' },
      ]}
    />
  );
}

export function ProgramDetails({ i18n, v }: { i18n: Translator; v: ProgramView }) {
  const { t } = i18n;
  const f = v.form;
  return (
    <div class="tablet:grid-col-8 usa-prose laurel-program-body">
      <h2>{t('inventory.details.canDo')}</h2>
      <p>{f.narrative}</p>
      {f.skills.length ? (
        <>
          <h2>{t('inventory.details.skills')}</h2>
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
          <h2>{t('inventory.details.outcomes')}</h2>
          <ul>
            {f.outcomes.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        </>
      ) : null}
          {f.courses.length ? (
            <>
              <h2>{t('inventory.details.courses')}</h2>
              <CoursesTable t={t} courses={f.courses} credit={totalCreditHours(f)} />
            </>
          ) : null}
          {f.activities.length ? (
            <>
              <h2>{t('inventory.details.activities')}</h2>
              <ActivitiesTable t={t} activities={f.activities} />
            </>
          ) : null}
      <h2>{t('inventory.details.earn')}</h2>
      <p class="laurel-prewrap">{criteriaText(f) || t('inventory.details.criteriaElsewhere')}</p>
      {f.assessment_methods ? (
        <>
          <h3>{t('inventory.details.assessed')}</h3>
          <p>{f.assessment_methods}</p>
        </>
      ) : null}
      {f.evidence ? (
        <>
          <h3>{t('inventory.details.evidence')}</h3>
          <p>{f.evidence}</p>
        </>
      ) : null}
    </div>
  );
}

import * as z from 'zod/mini';
import { nowMs, vietnamDate } from '#shared/clock.js';
import { getOfficial } from '#shared/directory.js';
import { getProgramRecord } from '#shared/store/programs.js';
import { reviewSection } from '#shared/stages/review/document.js';
import { getReview, reviewIdOfStage } from '#shared/stages/review/records.js';
import { field, type StepKindDefinition } from '#shared/steps/kind/definition.js';
import { setConferenceBrief } from '#shared/stages/review/briefs/set-conference.js';
import { addCalendarDays, notWorkingDayMessage, workingCalendar } from '#shared/calendar/working-days.js';
import { singleLineVi } from '#shared/validation.js';

const MAX_PLACE_CHARACTERS = 300;
/** A review's conference is held within the year after it is set. */
const MAX_DAYS_AHEAD = 366;

/**
 * The lead party's focal point sets the review conference: day, time, place and chair. Every
 * party's head and focal point then gets an email with its calendar invite; setting it again
 * (moving it) sends an update of the same meeting.
 */
export const setConference: StepKindDefinition = {
  ...setConferenceBrief,
  form: z.object({
    date: field(z.iso.date({ error: 'Vui lòng nhập ngày theo dạng năm-tháng-ngày.' }), { label: 'Ngày họp', widget: 'date' }),
    time: field(z.string().check(z.trim(), z.regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'Vui lòng nhập giờ theo dạng giờ:phút, ví dụ 08:00.')), {
      label: 'Giờ bắt đầu',
      widget: 'text',
      hint: 'Giờ Việt Nam, dạng giờ:phút (ví dụ 08:00 hoặc 14:00). Hội nghị dự kiến kéo dài nửa ngày.',
      maxLength: 5,
    }),
    place: field(
      z.string().check(z.trim(), z.minLength(1, 'Vui lòng nhập địa điểm.'), z.maxLength(MAX_PLACE_CHARACTERS, 'Địa điểm không được dài quá 300 ký tự.'), singleLineVi()),
      {
        label: 'Địa điểm',
        widget: 'text',
        maxLength: MAX_PLACE_CHARACTERS,
      },
    ),
    chairId: field(z.string().check(z.minLength(1, 'Vui lòng chọn người chủ trì.')), { label: 'Chủ trì hội nghị', widget: 'select' }),
  }),
  // A conference being moved starts from where it stands; a new one from the lead party's head in the morning.
  initialValues: async (deps, step) => {
    const [program, review] = await Promise.all([getProgramRecord(deps.db, step.subjectId), getReview(deps.db, step.subjectId, reviewIdOfStage(step.stageId))]);
    const conference = review?.conference?.status === 'scheduled' ? review.conference : undefined;
    if (conference) return { date: conference.date, time: conference.time, place: conference.place, chairId: conference.chairId };
    return { time: '08:00', chairId: program.parties.find((party) => party.organizationId === program.leadOrganizationId)?.signatoryId };
  },
  choices: async (deps, step) => {
    const program = await getProgramRecord(deps.db, step.subjectId);
    const heads = await Promise.all(program.parties.map((party) => getOfficial(deps.db, party.signatoryId)));
    return { chairId: heads.map((head) => ({ value: head.id, label: `${head.name}, ${head.title}` })) };
  },
  checkFields: async (deps, step, fields) => {
    const errors: Record<string, string> = {};
    const date = String(fields.date);
    const today = vietnamDate(nowMs());
    const latest = addCalendarDays(today, MAX_DAYS_AHEAD);
    if (date <= today) errors.date = 'Ngày họp phải sau hôm nay.';
    else if (date > latest) errors.date = `Ngày họp phải trong vòng một năm tới (đến ngày ${latest.split('-').reverse().join('/')}).`;
    else {
      const offDay = notWorkingDayMessage(workingCalendar(), date, 'Ngày họp');
      if (offDay) errors.date = offDay;
    }
    const program = await getProgramRecord(deps.db, step.subjectId);
    if (!program.parties.some((party) => party.signatoryId === fields.chairId)) errors.chairId = 'Vui lòng chọn một trong Thủ trưởng các bên.';
    return errors;
  },
  document: reviewSection,
};

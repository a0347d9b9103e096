import * as z from 'zod/mini';
import { LIMITS } from '#shared/limits.js';
import { field } from './definition.js';

/** The items are kept on the program item and on its version item, each under DynamoDB's 400 KB. */
const MAX_ITEMS_BYTES = 300_000;

/**
 * A program's content items as a form edits them, one text area each (a revision of the draft, a
 * unit's own program): none left empty, none too long, all of them together storable.
 */
export const contentItemsField = (hint: string) =>
  field(
    z
      .array(
        z
          .string()
          .check(
            z.trim(),
            z.minLength(1, 'Nội dung này đang để trống; vui lòng nhập nội dung.'),
            z.maxLength(LIMITS.contentItemChars, 'Mỗi nội dung không được dài quá 4.000 ký tự.'),
          ),
      )
      .check(
        z.maxLength(LIMITS.contentItems, 'Số nội dung phối hợp vượt quá giới hạn.'),
        z.refine((items) => items.reduce((bytes, text) => bytes + Buffer.byteLength(text), 0) <= MAX_ITEMS_BYTES, {
          message: 'Tổng nội dung quá dài để lưu; vui lòng rút gọn.',
        }),
      ),
    { label: 'Nội dung phối hợp', entryLabel: 'Nội dung', hint, widget: 'list', maxLength: LIMITS.contentItemChars },
  );

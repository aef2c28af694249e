// Words shown to people for derived values: one definition for the report, the workbook and the dashboard.

import type { PledgeStatus } from './progress';
import type { Language } from './report';

export const pledgeStatusLabels: Record<Language, Record<PledgeStatus, string>> = {
  vi: {
    'in-progress': 'Đang thực hiện',
    fulfilled: 'Hoàn thành',
    exceeded: 'Vượt chỉ tiêu',
    overdue: 'Quá hạn, chưa đạt',
    withdrawn: 'Đã rút đăng ký',
  },
  en: {
    'in-progress': 'In progress',
    fulfilled: 'Fulfilled',
    exceeded: 'Exceeded',
    overdue: 'Overdue',
    withdrawn: 'Withdrawn',
  },
};

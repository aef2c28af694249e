// The category catalog: the one definition of what can be pledged and handed over, in report order.
export const categoryCodes = [
  'great-unity-house',
  'love-shelter',
  'comradeship-house',
  'cultural-center',
  'house-support',
] as const;

export type Category = (typeof categoryCodes)[number];

export interface CategoryInfo {
  code: Category;
  label: { vi: string; en: string };
  /** The noun phrase as the year-end report writes it after the count. */
  reportNoun: { vi: string; en: string; enSingular: string };
  unit: { vi: string; en: string; enSingular: string };
  verb: { vi: string; en: string };
}

export const categories: Record<Category, CategoryInfo> = {
  'great-unity-house': {
    code: 'great-unity-house',
    label: { vi: 'Nhà đại đoàn kết', en: 'Great-unity houses' },
    reportNoun: { vi: 'nhà đại đoàn kết', en: 'great-unity houses', enSingular: 'great-unity house' },
    unit: { vi: 'nhà', en: 'houses', enSingular: 'house' },
    verb: { vi: 'bàn giao', en: 'handed over' },
  },
  'love-shelter': {
    code: 'love-shelter',
    label: { vi: 'Mái ấm tình thương', en: 'Love shelters' },
    reportNoun: { vi: '“mái ấm tình thương”', en: '“love shelters”', enSingular: '“love shelter”' },
    unit: { vi: 'mái ấm', en: 'shelters', enSingular: 'shelter' },
    verb: { vi: 'bàn giao', en: 'handed over' },
  },
  'comradeship-house': {
    code: 'comradeship-house',
    label: { vi: 'Nhà nghĩa tình đồng đội', en: 'Comradeship houses' },
    reportNoun: { vi: 'nhà nghĩa tình đồng đội', en: 'comradeship houses', enSingular: 'comradeship house' },
    unit: { vi: 'nhà', en: 'houses', enSingular: 'house' },
    verb: { vi: 'bàn giao', en: 'handed over' },
  },
  'cultural-center': {
    code: 'cultural-center',
    label: { vi: 'Điểm sinh hoạt văn hóa công nhân', en: "Workers' cultural centers" },
    reportNoun: {
      vi: 'điểm sinh hoạt văn hóa công nhân',
      en: "workers' cultural centers",
      enSingular: "workers' cultural center",
    },
    unit: { vi: 'điểm', en: 'centers', enSingular: 'center' },
    verb: { vi: 'bàn giao', en: 'handed over' },
  },
  'house-support': {
    code: 'house-support',
    label: { vi: 'Nhà ở hộ nghèo được hỗ trợ, cải tạo', en: 'Supported or renovated houses' },
    reportNoun: {
      vi: 'nhà ở cho hộ nghèo',
      en: 'houses of poor households',
      enSingular: 'house of a poor household',
    },
    unit: { vi: 'nhà', en: 'houses', enSingular: 'house' },
    verb: { vi: 'hỗ trợ, cải tạo', en: 'supported or renovated' },
  },
};

/** The DepartmentReports the report controller uses: from the report facts, or a store scan without Redis. */
export const DEPARTMENT_REPORTS = Symbol('DepartmentReports');

import { expect } from "chai";
import { dailyOverlapsWeekly, dailyWindowMinutes, weeklyWindowMinutes } from "../../stacks/windows";
import { problems, PROD } from "./config-fixtures";

describe("stacks/windows", () => {
  it("measures windows that wrap past midnight and past the end of the week", () => {
    expect(dailyWindowMinutes("02:00-03:00")).to.equal(60);
    expect(dailyWindowMinutes("23:30-00:15")).to.equal(45);
    expect(weeklyWindowMinutes("sun:23:30-mon:00:30")).to.equal(60);
    expect(weeklyWindowMinutes("mon:23:30-tue:00:00")).to.equal(30);
  });

  it("finds a daily window overlapping a weekly one across midnight", () => {
    expect(dailyOverlapsWeekly("23:30-00:30", "sun:00:00-sun:00:30")).to.equal(true);
    expect(dailyOverlapsWeekly("23:30-00:30", "sat:23:50-mon:00:10")).to.equal(true);
    expect(dailyOverlapsWeekly("02:00-03:00", "sun:02:59-sun:04:00")).to.equal(true);
  });

  it("lets windows touch without overlapping", () => {
    expect(dailyOverlapsWeekly("02:00-03:00", "sun:03:00-sun:04:00")).to.equal(false);
    expect(dailyOverlapsWeekly("23:30-00:30", "sun:00:30-sun:01:30")).to.equal(false);
  });
});

describe("stacks/checks/data: windows", () => {
  it("rejects a backup window that wraps into the maintenance window, as RDS does", () => {
    expect(
      problems({
        ...PROD,
        database: { backupWindow: "23:30-00:30", maintenanceWindow: "sun:00:00-sun:00:30" },
      }),
    ).to.have.length(1);
    expect(
      problems({
        ...PROD,
        database: { backupWindow: "23:30-00:30", maintenanceWindow: "sun:00:00-sun:00:30" },
      })[0],
    ).to.match(/^database\.maintenanceWindow: got "sun:00:00-sun:00:30"; expected a window clear of/);
  });

  it("holds RDS's 30-minute minimum for the backup and maintenance windows", () => {
    expect(
      problems({
        ...PROD,
        database: { backupWindow: "02:00-02:20", maintenanceWindow: "sun:05:00-sun:05:29" },
      }),
    ).to.deep.equal([
      'database.backupWindow: got "02:00-02:20"; expected a window of at least 30 minutes (RDS: PreferredBackupWindow must be at least 30 minutes)',
      'database.maintenanceWindow: got "sun:05:00-sun:05:29"; expected a window of at least 30 minutes (RDS: PreferredMaintenanceWindow must be at least 30 minutes)',
    ]);
    expect(problems({ ...PROD, database: { backupWindow: "23:45-00:15" } })).to.deep.equal([]);
  });

  it("holds ElastiCache's 60-minute minimum maintenance window", () => {
    expect(problems({ ...PROD, cache: { maintenanceWindow: "sat:23:30-sun:00:20" } })).to.deep.equal([
      'cache.maintenanceWindow: got "sat:23:30-sun:00:20"; expected a window of at least 60 minutes (ElastiCache: the minimum maintenance window is a 60 minute period)',
    ]);
    expect(problems({ ...PROD, cache: { maintenanceWindow: "sat:23:30-sun:00:30" } })).to.deep.equal([]);
  });
});

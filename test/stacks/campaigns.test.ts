import { expect } from "chai";
import {
  campaignProfiles,
  campaignSchedule,
  campaignWindows,
  overlappingCampaigns,
} from "../../stacks/campaigns";

const NORMAL = { minSize: 3, maxSize: 12, desiredCapacity: 3 };
const BLACK_FRIDAY = {
  name: "black-friday",
  start: "2027-11-26T00:00",
  end: "2027-11-29T23:59",
  timeZone: "Europe/Berlin",
  minSize: 10,
  desiredCapacity: 12,
  maxSize: 40,
};
const BEFORE = new Date("2027-01-01T00:00:00Z");

describe("stacks/campaigns", () => {
  it("raises capacity a lead time before the window, in UTC, and restores min and max at its end", () => {
    const plan = campaignSchedule([BLACK_FRIDAY], NORMAL, 90, "UTC", BEFORE);
    expect(plan.notes).to.deep.equal([]);
    expect(plan.actions).to.deep.equal([
      // Midnight in Berlin (UTC+1 in November) minus 90 minutes.
      {
        name: "black-friday-raise",
        startTime: "2027-11-25T21:30:00Z",
        minSize: 10,
        maxSize: 40,
        desiredCapacity: 12,
      },
      {
        name: "black-friday-restore",
        startTime: "2027-11-29T22:59:00Z",
        minSize: 3,
        maxSize: 12,
        desiredCapacity: -1,
      },
    ]);
  });

  it("uses the default time zone for campaigns that name none, and their minimum as desired count", () => {
    const { timeZone: _zone, desiredCapacity: _desired, ...plain } = BLACK_FRIDAY;
    const [raise] = campaignSchedule([plain], NORMAL, 0, "America/New_York", BEFORE).actions;
    expect(raise).to.deep.include({ startTime: "2027-11-26T05:00:00Z", desiredCapacity: 10 });
  });

  it("follows daylight saving time", () => {
    const summer = { ...BLACK_FRIDAY, name: "summer", start: "2027-07-01T08:00", end: "2027-07-02T08:00" };
    const [raise] = campaignSchedule([summer], NORMAL, 60, "UTC", BEFORE).actions;
    expect(raise.startTime).to.equal("2027-07-01T05:00:00Z"); // 08:00 CEST is 06:00 UTC, minus an hour
  });

  it("skips a campaign that has ended, and says so", () => {
    const plan = campaignSchedule([BLACK_FRIDAY], NORMAL, 60, "UTC", new Date("2027-12-01T00:00:00Z"));
    expect(plan.actions).to.deep.equal([]);
    expect(plan.notes).to.deep.equal([
      "campaign black-friday ended 2027-11-29T22:59:00Z: no capacity is scheduled for it",
    ]);
  });

  it("schedules only the restore of a campaign under way (Auto Scaling rejects start times in the past)", () => {
    const plan = campaignSchedule([BLACK_FRIDAY], NORMAL, 60, "UTC", new Date("2027-11-27T12:00:00Z"));
    expect(plan.actions.map((a) => a.name)).to.deep.equal(["black-friday-restore"]);
    expect(plan.notes[0]).to.match(/^campaign black-friday is already under way/);
  });

  it("warns that an image or server change applied inside a campaign window rolls the fleet in the sale", () => {
    const during = campaignSchedule([BLACK_FRIDAY], NORMAL, 60, "UTC", new Date("2027-11-27T12:00:00Z"));
    expect(during.notes[1]).to.equal(
      "campaign black-friday is under way until 2027-11-29T22:59:00Z: an update that changes the web image " +
        "(web.imageRelease, web.amiId) or the servers' settings rolls the whole fleet during the sale; " +
        "apply it after the window",
    );
    const before = campaignSchedule([BLACK_FRIDAY], NORMAL, 60, "UTC", new Date("2027-11-01T00:00:00Z"));
    expect(before.notes.join()).not.to.contain("rolls the whole fleet");
  });

  it("finds campaigns whose windows overlap once the lead time is counted", () => {
    const cyber = { ...BLACK_FRIDAY, name: "cyber-week", start: "2027-11-30T00:30", end: "2027-12-06T00:00" };
    const windows = (lead: number) => campaignWindows([BLACK_FRIDAY, cyber], lead, "UTC");
    expect(overlappingCampaigns(windows(0))).to.deep.equal([]);
    expect(overlappingCampaigns(windows(60))).to.deep.equal([["black-friday", "cyber-week"]]);
  });

  describe("campaignProfiles (Azure)", () => {
    it("gives one window per campaign from the raise to the end, converted to UTC, daylight saving included", () => {
      const summer = { ...BLACK_FRIDAY, name: "summer", start: "2027-07-01T08:00", end: "2027-07-01T20:00" };
      const plan = campaignProfiles([BLACK_FRIDAY, summer], 90, "UTC", BEFORE);
      expect(plan.notes).to.deep.equal([]);
      expect(plan.profiles).to.deep.equal([
        // Midnight in Berlin (UTC+1 in November) minus 90 minutes; 23:59 in Berlin is 22:59 UTC.
        {
          name: "black-friday",
          start: "2027-11-25T21:30:00Z",
          end: "2027-11-29T22:59:00Z",
          minSize: 10,
          maxSize: 40,
          desiredCapacity: 12,
        },
        // 08:00 in Berlin in July (UTC+2) minus 90 minutes.
        {
          name: "summer",
          start: "2027-07-01T04:30:00Z",
          end: "2027-07-01T18:00:00Z",
          minSize: 10,
          maxSize: 40,
          desiredCapacity: 12,
        },
      ]);
    });

    it("leaves out windows already over and keeps one under way", () => {
      const during = new Date("2027-11-27T12:00:00Z");
      const over = { ...BLACK_FRIDAY, name: "spring", start: "2027-03-01T00:00", end: "2027-03-02T00:00" };
      const plan = campaignProfiles([over, BLACK_FRIDAY], 90, "UTC", during);
      expect(plan.profiles.map((p) => p.name)).to.deep.equal(["black-friday"]);
      expect(plan.notes).to.deep.equal([
        "campaign spring ended 2027-03-01T23:00:00Z: no capacity is scheduled for it",
      ]);
    });
  });
});

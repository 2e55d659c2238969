// Upserts a validated records file in one transaction: all of it or nothing.
import type { Db } from "./prisma.js";
import type { RecordsFile } from "./records-file.js";

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
}
export interface ImportReport {
  organizations: ImportCounts;
  branches: ImportCounts;
  users: ImportCounts;
}

const zero = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0, deactivated: 0 });

export async function importRecords(db: Db, records: RecordsFile, opts: { prune?: boolean } = {}): Promise<ImportReport> {
  const report: ImportReport = { organizations: zero(), branches: zero(), users: zero() };
  await db.$transaction(
    async (tx) => {
      const keepOrgs: number[] = [];
      const keepUsers: number[] = [];
      for (const org of records.organizations) {
        const existing = await tx.organization.findUnique({ where: { ref: org.ref } });
        let orgId: number;
        if (!existing) {
          orgId = (await tx.organization.create({ data: { ref: org.ref, name: org.name } })).id;
          report.organizations.created++;
        } else {
          orgId = existing.id;
          if (existing.name !== org.name || !existing.active) {
            await tx.organization.update({ where: { id: orgId }, data: { name: org.name, active: true } });
            report.organizations.updated++;
          } else report.organizations.unchanged++;
        }
        keepOrgs.push(orgId);

        const branchIds = new Map<string, number>();
        for (const b of org.branches) {
          const eb = await tx.branch.findUnique({ where: { organizationId_ref: { organizationId: orgId, ref: b.ref } } });
          if (!eb) {
            branchIds.set(b.ref, (await tx.branch.create({ data: { organizationId: orgId, ref: b.ref, name: b.name } })).id);
            report.branches.created++;
          } else {
            branchIds.set(b.ref, eb.id);
            if (eb.name !== b.name || !eb.active) {
              await tx.branch.update({ where: { id: eb.id }, data: { name: b.name, active: true } });
              report.branches.updated++;
            } else report.branches.unchanged++;
          }
        }

        for (const u of org.users) {
          const branchId = u.branch ? branchIds.get(u.branch)! : null;
          const eu = await tx.portalUser.findUnique({ where: { email: u.email } });
          if (!eu) {
            const created = await tx.portalUser.create({
              data: {
                organizationId: orgId,
                branchId,
                role: u.role,
                firstName: u.firstName,
                lastName: u.lastName,
                email: u.email,
                locale: u.locale ?? null,
                lastSignInAt: u.lastSignInAt ?? null,
              },
            });
            keepUsers.push(created.id);
            report.users.created++;
            continue;
          }
          keepUsers.push(eu.id);
          // A later sign-in already stored (from the sign-in feed) wins over an older export.
          const incoming = u.lastSignInAt ?? null;
          const lastSignInAt = eu.lastSignInAt && (!incoming || eu.lastSignInAt > incoming) ? eu.lastSignInAt : incoming;
          const next = {
            organizationId: orgId,
            branchId,
            role: u.role,
            firstName: u.firstName,
            lastName: u.lastName,
            locale: u.locale ?? null,
            lastSignInAt,
            active: true,
          };
          const same =
            eu.organizationId === next.organizationId &&
            eu.branchId === next.branchId &&
            eu.role === next.role &&
            eu.firstName === next.firstName &&
            eu.lastName === next.lastName &&
            eu.locale === next.locale &&
            (eu.lastSignInAt?.getTime() ?? null) === (next.lastSignInAt?.getTime() ?? null) &&
            eu.active;
          if (same) report.users.unchanged++;
          else {
            await tx.portalUser.update({ where: { id: eu.id }, data: next });
            report.users.updated++;
          }
        }
      }
      if (opts.prune) {
        const now = new Date();
        report.users.deactivated = (
          await tx.portalUser.updateMany({ where: { active: true, id: { notIn: keepUsers } }, data: { active: false } })
        ).count;
        report.organizations.deactivated = (
          await tx.organization.updateMany({ where: { active: true, id: { notIn: keepOrgs } }, data: { active: false } })
        ).count;
        // Deactivated people's PINs stop working at once.
        await tx.pin.updateMany({
          where: { usedAt: null, revokedAt: null, user: { OR: [{ active: false }, { organization: { active: false } }] } },
          data: { revokedAt: now, revokedReason: "deactivated" },
        });
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return report;
}

export function formatImportReport(r: ImportReport): string {
  const line = (label: string, c: ImportCounts) =>
    `${label.padEnd(14)} created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, deactivated ${c.deactivated}`;
  return [line("organizations", r.organizations), line("branches", r.branches), line("users", r.users)].join("\n");
}

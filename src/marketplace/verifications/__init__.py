"""Verification items: what data matching could not confirm, the documents that resolve it,
and the referral of Medicaid/CHIP-eligible members to the state agency (45 CFR 155.315,
155.320, 155.302(b))."""

/**
 * Age of the universe at redshift z (yr) for a flat universe with H0 = 70 km/s/Mpc, Omega_m = 0.3,
 * Omega_Lambda = 0.7 (the cosmology of MAGPHYS and POGS): t = 2 / (3 H0 sqrt(OL)) asinh(sqrt(OL / Om) (1+z)^-1.5).
 * 13.47 Gyr today, 13.33 Gyr at z = 0.01 (POGS' library header says 13.34).
 */
export function cosmicAgeYr (z: number): number {
  const h0PerYr = 70 / 3.0856776e19 * 3.15576e7
  const om = 0.3
  const ol = 0.7
  return 2 / (3 * h0PerYr * Math.sqrt(ol)) * Math.asinh(Math.sqrt(ol / om) * Math.pow(1 + z, -1.5))
}

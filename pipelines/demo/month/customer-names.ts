import type { DemoRandom } from './demo-random.ts';

const TRADES: readonly string[] = [
  'Boulangerie',
  'Cabinet',
  'Garage',
  'Pharmacie',
  'Plomberie',
  'Électricité',
  'Agence',
  'Restaurant',
  'Librairie',
  'Fleuriste',
  'Cabinet Dentaire',
  'Étude Notariale',
  'Transports',
  'Menuiserie',
  'Opticien',
  'Auto-École',
  'Salon de Coiffure',
  'Cabinet Comptable',
  'Bureau d’Études',
  'Atelier',
  'Boucherie',
  'Maison de Santé',
  'Agence Immobilière',
  'Cave',
];

const NAMES: readonly string[] = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Legrand',
  'Garnier',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Muller',
  'Henry',
  'Roussel',
  'Nicolas',
  'Perrin',
];

const SUFFIXES: readonly string[] = ['', '', '', ' SARL', ' & Fils', ' SAS', ' et Associés'];

export function customerName(random: DemoRandom): string {
  return `${random.pick(TRADES)} ${random.pick(NAMES)}${random.pick(SUFFIXES)}`;
}

/** Labels of a customer's accounts, in order: one per user or post. */
export const ACCOUNT_LABELS: readonly string[] = [
  'accueil',
  'direction',
  'compta',
  'atelier',
  'commercial',
  'bureau-2',
  'bureau-3',
  'bureau-4',
];

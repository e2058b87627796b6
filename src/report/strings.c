/*
 * The report's words in English, Lithuanian and Italian, and numbers as
 * each language writes them: en "34,690" and "395,000.00"; lt and it
 * "34 690" (a no-break space) and "395 000,00".  Months are YYYY-MM in all.
 */
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const words[W__MAX][LANG__MAX] = {
    [W_REPORT] = {"Period report", "Laikotarpio ataskaita", "Relazione del periodo"},
    [W_PROJECT] = {"Project", "Projektas", "Progetto"},
    [W_FUNDER] = {"Funder", "Finansuotojas", "Finanziatore"},
    [W_PROGRAMME] = {"Programme", "Programa", "Programma"},
    [W_PERIOD] = {"Period", "Laikotarpis", "Periodo"},
    [W_CURRENCY] = {"Currency", "Valiuta", "Valuta"},
    [W_PARTNERS] = {"Partners", "Partneriai", "Partner"},
    [W_PAGE] = {"Page", "Puslapis", "Pagina"},
    [W_INDICATORS] = {"Indicators against targets", "Rodikliai ir tikslai",
                      "Indicatori rispetto agli obiettivi"},
    [W_INDICATOR] = {"Indicator", "Rodiklis", "Indicatore"},
    [W_TARGET] = {"Target", "Tikslas", "Obiettivo"},
    [W_ACHIEVED] = {"Achieved", "Pasiekta", "Raggiunto"},
    [W_PERCENT] = {"%", "%", "%"},
    [W_AUDIENCE] = {"People reached by group", "Pasiekti žmonės pagal grupę",
                    "Persone raggiunte per gruppo"},
    [W_GROUP] = {"Group", "Grupė", "Gruppo"},
    [W_PEOPLE] = {"People", "Žmonės", "Persone"},
    [W_MONTHLY] = {"Monthly activities", "Veiklos pagal mėnesį", "Attività mensili"},
    [W_MONTH] = {"Month", "Mėnuo", "Mese"},
    [W_ACTIVITIES] = {"Activities", "Veiklos", "Attività"},
    [W_HEADCOUNT] = {"Head-count", "Dalyvių skaičius", "Partecipanti"},
    [W_BY_KIND] = {"Institutions by kind", "Įstaigos pagal rūšį", "Istituzioni per tipo"},
    [W_KIND] = {"Kind", "Rūšis", "Tipo"},
    [W_INSTITUTIONS] = {"Institutions", "Įstaigos", "Istituzioni"},
    [W_BY_MUNICIPALITY] = {"Institutions by municipality", "Įstaigos pagal savivaldybę",
                           "Istituzioni per comune"},
    [W_MUNICIPALITY] = {"Municipality", "Savivaldybė", "Comune"},
    [W_BUDGET] = {"Budget by partner", "Biudžetas pagal partnerį", "Bilancio per partner"},
    [W_PARTNER] = {"Partner", "Partneris", "Partner"},
    [W_ALLOCATED] = {"Allocated", "Skirta", "Assegnato"},
    [W_SPENT] = {"Spent", "Išleista", "Speso"},
    [W_MAP] = {"Institutions visited", "Aplankytos įstaigos", "Istituzioni visitate"},
    [W_VISITED] = {"Institution", "Įstaiga", "Istituzione"},
    [W_TOTAL] = {"Total", "Iš viso", "Totale"},
    [W_ROLE] = {"Role", "Vaidmuo", "Ruolo"},
    [W_COUNTRY] = {"Country", "Šalis", "Paese"},
    [W_MATERIALS] = {"Materials distributed", "Išdalyta medžiaga", "Materiali distribuiti"},
    [W_MATERIAL] = {"Material", "Medžiaga", "Materiale"},
    [W_ENGAGEMENT] = {"Business engagement", "Verslo įtraukimas", "Coinvolgimento delle imprese"},
    [W_STAGE] = {"Stage", "Etapas", "Fase"},
    [W_BUSINESSES] = {"Businesses and hotels", "Įmonės ir viešbučiai", "Imprese e alberghi"},
    [W_AGREEMENTS] = {"Agreements", "Susitarimai", "Accordi"},
};

static const char *const codes[LANG__MAX] = {"en", "lt", "it"};

const char *report_word(enum report_lang lang, enum report_word w)
{
        if ((unsigned)lang >= LANG__MAX || (unsigned)w >= W__MAX)
                return "";
        return words[w][lang];
}

const char *report_lang_code(enum report_lang lang)
{
        return (unsigned)lang < LANG__MAX ? codes[lang] : "en";
}

int report_lang_parse(const char *s)
{
        for (int i = 0; i < LANG__MAX; i++)
                if (s && strcmp(s, codes[i]) == 0)
                        return i;
        return -1;
}

void report_number(enum report_lang lang, double v, enum col_kind kind, char *out, size_t n)
{
        if (n == 0)
                return;
        if (isnan(v)) {
                snprintf(out, n, "-");
                return;
        }
        const char *group = lang == LANG_EN ? "," : "\xc2\xa0";
        const char *point = lang == LANG_EN ? "." : ",";
        char digits[48];
        long long whole;
        int frac = -1;
        bool neg = v < 0;
        double a = fabs(v);
        if (kind == COL_MONEYC) {
                long long cents = llround(a);
                whole = cents / 100;
                frac = (int)(cents % 100);
        } else if (kind == COL_PERCENT) {
                long long tenths = llround(a * 10.0);
                whole = tenths / 10;
                frac = (int)(tenths % 10);
        } else {
                whole = llround(a);
        }
        snprintf(digits, sizeof(digits), "%lld", whole);
        char tmp[96];
        size_t k = 0, len = strlen(digits);
        if (neg)
                tmp[k++] = '-';
        for (size_t i = 0; i < len && k + 4 < sizeof(tmp); i++) {
                if (i > 0 && (len - i) % 3 == 0)
                        for (const char *g = group; *g; g++)
                                tmp[k++] = *g;
                tmp[k++] = digits[i];
        }
        tmp[k] = 0;
        if (kind == COL_MONEYC)
                snprintf(out, n, "%s%s%02d", tmp, point, frac);
        else if (kind == COL_PERCENT)
                snprintf(out, n, "%s%s%d %%", tmp, point, frac);
        else
                snprintf(out, n, "%s", tmp);
}

from jenjang.personnel.views import employee_list as import_start  # replaced by the import pages

import_template = import_start
